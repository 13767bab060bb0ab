import Link from "next/link";

export default function NotFound() {
  return (
    <section className="mx-auto mt-8 max-w-2xl rounded-md border border-slate-200 bg-white p-5 text-sm">
      <h1 className="text-base font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">There is nothing at this address.</p>
      <Link href="/" className="mt-4 inline-block font-medium text-sky-700 hover:underline">
        Back to the event history
      </Link>
    </section>
  );
}
