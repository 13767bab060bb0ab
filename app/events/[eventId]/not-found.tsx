import Link from "next/link";

export default function EventNotFound() {
  return (
    <section className="max-w-2xl rounded-md border border-slate-200 bg-white p-5 text-sm">
      <h1 className="text-base font-semibold">Event not found</h1>
      <p className="mt-2 text-slate-600">
        No event with this ID is in the event history of that account and region. Event history keeps 90 days
        of management events; older events and data events are only in a trail&apos;s log files.
      </p>
      <Link href="/" className="mt-4 inline-block font-medium text-sky-700 hover:underline">
        Back to the event history
      </Link>
    </section>
  );
}
