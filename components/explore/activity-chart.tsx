"use client";

import { useQueryStates } from "nuqs";
import { useId, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { Button } from "@/components/ui/button";
import type { AuditEvent } from "@/lib/events/audit-event";
import type { QueryWindow } from "@/lib/events/api-contract";
import { VIEW_URL_OPTIONS, timeKeys, type TimeZoneMode } from "@/lib/query/url-state";
import {
  brushWindow,
  bucketCounts,
  bucketEvents,
  formatInterval,
  type Bucket,
} from "@/lib/facets/activity-buckets";
import type { WindowStats } from "@/lib/sync/window-stats";

type StackMode = "readwrite" | "errors";

const VIEW_WIDTH = 1000;
const VIEW_HEIGHT = 100;

const STACKS: Record<
  StackMode,
  { label: string; parts: { key: string; label: string; color: string; value: (b: Bucket) => number }[] }
> = {
  readwrite: {
    label: "Read / write",
    parts: [
      { key: "writes", label: "Writes", color: "#334155", value: (b) => b.writes },
      { key: "reads", label: "Reads", color: "#7dd3fc", value: (b) => b.reads },
    ],
  },
  errors: {
    label: "Errors",
    parts: [
      { key: "errors", label: "Errors", color: "#dc2626", value: (b) => b.errors },
      { key: "ok", label: "Succeeded", color: "#cbd5e1", value: (b) => b.total - b.errors },
    ],
  },
};

function formatTick(ms: number, tz: TimeZoneMode, withTime: boolean): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: tz === "utc" ? "UTC" : undefined,
    month: "short",
    day: "numeric",
    ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
  }).format(new Date(ms));
}

/**
 * Events over time as stacked bars (plain SVG: a few hundred rectangles need no chart library), and a
 * time-range brush: dragging across the bars selects a window, which it puts in the URL's `start`/`end`.
 */
export function ActivityChart({
  events,
  window,
  tz = "utc",
  partial = false,
  stats = null,
  windowWords = "of this time window",
}: {
  events: readonly AuditEvent[];
  window: QueryWindow;
  tz?: TimeZoneMode;
  /** More events match than are loaded: LookupEvents answers newest first, so the older part is missing. */
  partial?: boolean;
  /** Whole-window counts from the event store: drawn instead of the loaded rows. */
  stats?: WindowStats | null;
  windowWords?: string;
}) {
  const [, setTime] = useQueryStates(timeKeys, VIEW_URL_OPTIONS);
  const onBrush = ({ start, end }: { start: Date; end: Date }) => void setTime({ range: null, start, end });
  const [mode, setMode] = useState<StackMode>("readwrite");
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const area = useRef<HTMLDivElement>(null);
  const tableId = useId();

  const data = useMemo(() => {
    const bounds = { start: Date.parse(window.start), end: Date.parse(window.end) };
    return stats ? bucketCounts(stats.histogram, bounds, stats.interval) : bucketEvents(events, bounds);
  }, [events, stats, window.start, window.end]);
  const counted = stats ? "" : "loaded ";
  const domain = { start: data.domainStart, end: data.domainEnd };
  const span = Math.max(1, domain.end - domain.start);
  const withTime = data.interval < 24 * 60 * 60_000;
  const tzLabel = tz === "utc" ? " UTC" : "";
  const stack = STACKS[mode];
  // Shade what lies before the oldest loaded event, so an unloaded stretch does not read as a quiet one.
  const oldest =
    partial && !stats && data.counted > 0
      ? events.reduce((min, e) => Math.min(min, Date.parse(e.eventTime) || Infinity), Infinity)
      : null;
  const unloadedWidth = oldest !== null ? Math.max(0, ((oldest - domain.start) / span) * VIEW_WIDTH) : 0;
  const busiest = data.buckets.reduce<Bucket | null>(
    (best, b) => (best && best.total >= b.total ? best : b),
    null,
  );

  const fractionAt = (clientX: number) => {
    const rect = area.current?.getBoundingClientRect();
    return rect && rect.width > 0 ? (clientX - rect.left) / rect.width : 0;
  };
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const f = fractionAt(e.clientX);
    setDrag({ from: f, to: f });
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (drag) setDrag({ from: drag.from, to: fractionAt(e.clientX) });
  };
  const onPointerUp = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const range = brushWindow(drag.from, fractionAt(e.clientX), domain);
    setDrag(null);
    if (range) onBrush(range);
  };

  const label =
    `Activity chart: ${data.counted.toLocaleString("en-US")} ${counted}events from ` +
    `${formatTick(Date.parse(window.start), tz, true)} to ${formatTick(domain.end, tz, true)}${tzLabel}, ` +
    `in bars of ${formatInterval(data.interval)}` +
    (busiest && busiest.total > 0
      ? `, busiest at ${formatTick(busiest.start, tz, withTime)} with ${busiest.total} events`
      : "") +
    ". Drag across the chart to zoom to a time range.";

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ f, ms: domain.start + f * span }));
  const selection = drag
    ? { left: Math.min(drag.from, drag.to), width: Math.abs(drag.to - drag.from) }
    : null;

  return (
    <section aria-label="Activity over time" className="rounded-md border border-slate-200 bg-white p-3">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600">
        <p>
          <span className="font-medium text-slate-800">Activity</span>
          {stats
            ? ` · in ${data.counted.toLocaleString("en-US")} events ${windowWords} (event store)`
            : ` · in the ${data.counted.toLocaleString("en-US")} loaded events`}
          {` · bars of ${formatInterval(data.interval)} · peak ${data.maxTotal} · drag to zoom`}
          {unloadedWidth > 0 ? (
            <span className="text-amber-800"> · shaded: older events not loaded yet</span>
          ) : null}
        </p>
        <div className="flex items-center gap-3">
          <ul className="flex gap-3" aria-label="Legend">
            {stack.parts.map((p) => (
              <li key={p.key} className="flex items-center gap-1">
                <span
                  aria-hidden
                  className="inline-block h-2.5 w-2.5 rounded-sm"
                  style={{ background: p.color }}
                />
                {p.label}
              </li>
            ))}
          </ul>
          <div
            role="group"
            aria-label="Stack bars by"
            className="inline-flex overflow-hidden rounded border border-slate-300"
          >
            {(Object.keys(STACKS) as StackMode[]).map((m) => (
              <Button
                key={m}
                size="sm"
                variant={mode === m ? "primary" : "ghost"}
                aria-pressed={mode === m}
                onClick={() => setMode(m)}
                className="rounded-none px-2 py-0.5 font-normal"
              >
                {STACKS[m].label}
              </Button>
            ))}
          </div>
        </div>
      </div>

      <div
        ref={area}
        className="relative h-28 cursor-crosshair touch-none select-none"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
      >
        <svg
          role="img"
          aria-label={label}
          aria-describedby={tableId}
          viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`}
          preserveAspectRatio="none"
          className="h-full w-full"
        >
          <line
            x1={0}
            x2={VIEW_WIDTH}
            y1={VIEW_HEIGHT}
            y2={VIEW_HEIGHT}
            stroke="#e2e8f0"
            vectorEffect="non-scaling-stroke"
          />
          {unloadedWidth > 0 ? (
            <rect x={0} y={0} width={unloadedWidth} height={VIEW_HEIGHT} fill="#f1f5f9">
              <title>Not loaded: more events match than are loaded (load more to see them)</title>
            </rect>
          ) : null}
          {data.maxTotal > 0
            ? data.buckets.map((b) => {
                if (b.total === 0) return null;
                const x = ((b.start - domain.start) / span) * VIEW_WIDTH;
                const width = Math.max(0.5, ((b.end - b.start) / span) * VIEW_WIDTH - 0.6);
                let y = VIEW_HEIGHT;
                return (
                  <g key={b.start}>
                    <title>
                      {`${formatTick(b.start, tz, true)}${tzLabel}: ${b.total} events (${b.writes} writes, ${b.reads} reads, ${b.errors} errors)`}
                    </title>
                    {stack.parts.map((p) => {
                      const h = (p.value(b) / data.maxTotal) * (VIEW_HEIGHT - 4);
                      y -= h;
                      return h > 0 ? (
                        <rect key={p.key} x={x} y={y} width={width} height={h} fill={p.color} />
                      ) : null;
                    })}
                  </g>
                );
              })
            : null}
        </svg>
        {data.counted === 0 ? (
          <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-slate-400">
            {stats ? "No events in this window" : "No loaded events in this window"}
          </p>
        ) : null}
        {selection ? (
          <div
            aria-hidden
            className="pointer-events-none absolute inset-y-0 border-x border-sky-600 bg-sky-500/20"
            style={{ left: `${selection.left * 100}%`, width: `${selection.width * 100}%` }}
          />
        ) : null}
      </div>
      <div aria-hidden className="relative mt-1 h-4 text-[11px] text-slate-500 tabular-nums">
        {ticks.map(({ f, ms }) => (
          <span
            key={f}
            className="absolute whitespace-nowrap"
            style={
              f === 0
                ? { left: 0 }
                : f === 1
                  ? { right: 0 }
                  : { left: `${f * 100}%`, transform: "translateX(-50%)" }
            }
          >
            {formatTick(ms, tz, withTime)}
          </span>
        ))}
      </div>

      <details className="mt-2 text-xs text-slate-600">
        <summary className="cursor-pointer">Activity as a table</summary>
        <table id={tableId} className="mt-1 w-full max-w-xl text-left tabular-nums">
          <caption className="sr-only">
            {stats ? "Events" : "Loaded events"} per {formatInterval(data.interval)}, bars with events only
          </caption>
          <thead>
            <tr>
              <th scope="col">From{tzLabel}</th>
              <th scope="col">Events</th>
              <th scope="col">Writes</th>
              <th scope="col">Reads</th>
              <th scope="col">Errors</th>
              <th scope="col">
                <span className="sr-only">Zoom</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.buckets
              .filter((b) => b.total > 0)
              .map((b) => (
                <tr key={b.start}>
                  <td>{formatTick(b.start, tz, true)}</td>
                  <td>{b.total}</td>
                  <td>{b.writes}</td>
                  <td>{b.reads}</td>
                  <td>{b.errors}</td>
                  <td>
                    <Button
                      variant="link"
                      size="inline"
                      onClick={() => onBrush({ start: new Date(b.start), end: new Date(b.end) })}
                    >
                      Zoom to this {formatInterval(data.interval)}
                    </Button>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
