"use client";

import Link from "next/link";

export default function EventError({
  error,
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
      <h1 className="text-base font-semibold">This event could not be loaded</h1>
      <p className="mt-2">
        CloudTrail did not answer as expected (throttling, expired credentials or an unreachable endpoint).
        Try again in a moment; if it keeps failing, check the credentials and the server log
        {error.digest ? (
          <>
            {" "}
            (error <code className="font-mono">{error.digest}</code>)
          </>
        ) : null}
        .
      </p>
      <div className="mt-4 flex gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-600"
        >
          Try again
        </button>
        <Link href="/" className="rounded-md border border-red-300 px-3 py-1.5 font-medium hover:bg-red-100">
          Event history
        </Link>
      </div>
    </section>
  );
}
