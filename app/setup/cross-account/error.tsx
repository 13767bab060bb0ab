"use client";

export default function CrossAccountError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section
      role="alert"
      className="max-w-2xl rounded-md border border-red-200 bg-red-50 p-5 text-sm text-red-900"
    >
      <h1 className="text-base font-semibold">The cross-account setup page could not be shown</h1>
      <p className="mt-2">Check the values in the address bar, or start again from the defaults.</p>
      <div className="mt-4 flex gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-600"
        >
          Try again
        </button>
        <a
          href="/setup/cross-account"
          className="rounded-md border border-red-300 px-3 py-1.5 font-medium hover:bg-red-100"
        >
          Start again
        </a>
      </div>
    </section>
  );
}
