import type { ComponentProps } from "react";
import { cn } from "@/lib/shared/cn";

/** The look every text, date and search field shares; a plain `<input>`, so forms and labels work as usual. */
export const FIELD_CLASS =
  "h-8 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 placeholder:text-slate-400 focus-visible:border-sky-600 focus-visible:ring-2 focus-visible:ring-sky-500/40 focus-visible:outline-none disabled:bg-slate-50 disabled:text-slate-600";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(FIELD_CLASS, className)} {...props} />;
}
