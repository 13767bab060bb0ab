"use client";

import Link from "next/link";
import { Button } from "./button";

export interface RouteErrorProps {
  error: Error & { digest?: string };
  reset: () => void;
}

/**
 * The body of every route segment's `error.tsx`: what failed, the digest to find it in the server
 * log (never the message, which may hold server details), a retry and a way out.
 */
export function RouteError({
  title,
  error,
  reset,
  exit,
}: RouteErrorProps & { title: string; exit?: { href: string; label: string } }) {
  return (
    <section
      role="alert"
      className="mx-auto mt-8 max-w-2xl rounded-md border border-red-200 bg-red-50 p-5 text-sm text-red-900"
    >
      <h1 className="text-base font-semibold">{title}</h1>
      <p className="mt-2">
        Something went wrong on the server. If it keeps happening, check the server log
        {error.digest ? (
          <>
            {" "}
            for error <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-4 flex gap-3">
        <Button variant="danger" onClick={reset}>
          Try again
        </Button>
        {exit ? (
          <Link
            href={exit.href}
            className="rounded-md border border-red-300 px-3 py-1.5 font-medium hover:bg-red-100"
          >
            {exit.label}
          </Link>
        ) : null}
      </div>
    </section>
  );
}
