"use client";

import { Button } from "@/components/ui/button";
import type { TimeZoneMode } from "@/lib/shared/time";
import { useTimeZone } from "./timestamp";
import { writeTimeZone } from "./time-zone-preference";

const CHOICES: { mode: TimeZoneMode; label: string }[] = [
  { mode: "utc", label: "UTC" },
  { mode: "local", label: "Local" },
];

/** The site-wide switch between UTC and local times, in the nav. */
export function TimeZoneToggle() {
  const tz = useTimeZone();
  return (
    <div role="group" aria-label="Show times in" className="ml-auto flex text-xs">
      {CHOICES.map(({ mode, label }) => (
        <Button
          key={mode}
          size="sm"
          variant={tz === mode ? "primary" : "secondary"}
          aria-pressed={tz === mode}
          onClick={() => writeTimeZone(mode)}
          className="rounded-none border border-slate-800 first:rounded-l-md last:rounded-r-md"
        >
          {label}
        </Button>
      ))}
    </div>
  );
}
