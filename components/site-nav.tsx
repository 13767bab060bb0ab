import Link from "next/link";
import { TimeZoneToggle } from "./time/time-zone-toggle";

const LINKS = [
  { href: "/", label: "Events" },
  { href: "/insights", label: "Insights" },
  { href: "/investigate", label: "Who deleted…" },
  { href: "/trails", label: "Trails" },
  { href: "/integrity", label: "Integrity" },
  { href: "/setup/cross-account", label: "Cross-account" },
  { href: "/store", label: "Store" },
] as const;

export function SiteNav() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-[1600px] items-center gap-6 px-4 py-2">
        <Link href="/" className="font-semibold tracking-tight text-slate-900">
          Trailscope
        </Link>
        <ul className="flex gap-4 text-sm">
          {LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className="text-slate-600 hover:text-slate-900">
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
        <TimeZoneToggle />
      </nav>
    </header>
  );
}
