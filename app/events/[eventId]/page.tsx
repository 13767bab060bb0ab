import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { EventDetail } from "@/components/events/event-detail";
import { QueryErrorPanel } from "@/components/events/query-error-panel";
import { findEventById } from "@/lib/sources/history";
import { InputError, UpstreamError } from "@/lib/events/errors";
import { MAX_VALUE_LENGTH } from "@/lib/query/event-query";
import { toSearchParams } from "@/lib/query/url-state";
import { accountIdSchema, regionSchema } from "@/lib/shared/aws-names";
import { parseParams } from "@/lib/shared/params";

export const metadata: Metadata = { title: "Event" };

const searchSchema = z
  .object({
    account: accountIdSchema.optional(),
    region: regionSchema.optional(),
    tz: z.enum(["utc", "local"]).optional(),
  })
  .strict();

const eventIdSchema = z
  .string()
  .min(1)
  .max(MAX_VALUE_LENGTH, `must be at most ${MAX_VALUE_LENGTH} characters`);

export default async function EventPage({
  params,
  searchParams,
}: {
  params: Promise<{ eventId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { eventId: rawId } = await params;
  // Next hands over the segment still percent-encoded when it holds reserved characters.
  let eventId = rawId;
  try {
    eventId = decodeURIComponent(rawId);
  } catch {
    // Not valid percent-encoding: the raw segment is the ID asked for.
  }
  const parsed = parseParams(toSearchParams(await searchParams), searchSchema);
  const id = eventIdSchema.safeParse(eventId);
  if (!parsed.ok || !id.success) {
    const issues = [
      ...(id.success ? [] : id.error.issues.map((i) => ({ param: "eventId", message: i.message }))),
      ...(parsed.ok ? [] : parsed.issues),
    ];
    return <QueryErrorPanel issues={issues} />;
  }

  const { account, region } = parsed.value;
  let event;
  try {
    event = await findEventById(eventId, {
      accounts: account ? [account] : undefined,
      regions: region ? [region] : undefined,
    });
  } catch (error) {
    if (error instanceof InputError) return <QueryErrorPanel issues={error.issues} />;
    if (error instanceof UpstreamError) {
      const { code, message, hint } = error.sourceError;
      return (
        <section
          role="alert"
          className="max-w-2xl rounded-md border border-red-200 bg-red-50 p-5 text-sm text-red-900"
        >
          <h1 className="text-base font-semibold">CloudTrail could not be asked for this event</h1>
          <p className="mt-2">
            <code className="font-mono">{code}</code>: {message}
          </p>
          <p className="mt-1">{hint}</p>
        </section>
      );
    }
    throw error;
  }
  if (!event) notFound();

  return (
    <div className="flex max-w-5xl flex-col gap-3">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="text-sky-700 hover:underline">
          Event history
        </Link>{" "}
        / {event.awsRegion} / {event.accountId}
      </nav>
      <EventDetail event={event} />
    </div>
  );
}
