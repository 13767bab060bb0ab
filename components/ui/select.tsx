import type { ComponentProps } from "react";
import { cn } from "@/lib/shared/cn";
import { FIELD_CLASS } from "./input";

/**
 * A styled native `<select>` rather than Radix Select: it submits with server-rendered GET forms
 * (Insights, Integrity) without client JavaScript, and keeps the platform's keyboard and mobile pickers.
 */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(FIELD_CLASS, "pr-1", className)} {...props} />;
}
