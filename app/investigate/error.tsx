"use client";

import Link from "next/link";

export default function InvestigateError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section
      role="alert"
      className="mx-auto mt-8 max-w-2xl rounded-md border border-red-200 bg-red-50 p-5 text-sm text-red-900"
    >
      <h1 className="text-base font-semibold">The investigation could not be shown</h1>
      <p className="mt-2">
        Something went wrong while rendering it.
        {error.digest ? (
          <>
            {" "}
            The server log has the details under <code className="font-mono">{error.digest}</code>.
          </>
        ) : null}
      </p>
      <div className="mt-4 flex gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-600"
        >
          Try again
        </button>
        <Link
          href="/investigate"
          className="rounded-md border border-red-300 px-3 py-1.5 font-medium hover:bg-red-100"
        >
          New search
        </Link>
      </div>
    </section>
  );
}
