import type { Metadata } from "next";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { SiteNav } from "@/components/site-nav";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Trailscope", template: "%s · Trailscope" },
  description: "AWS CloudTrail event history, investigations, trails and log integrity.",
};

// Every page is rendered per request so Next can put that request's CSP nonce (set in proxy.ts) on its scripts;
// a page prerendered at build time would carry no nonce and its scripts would be blocked.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <NuqsAdapter>
          <SiteNav />
          <main className="mx-auto max-w-[1600px] px-4 py-4">{children}</main>
        </NuqsAdapter>
      </body>
    </html>
  );
}
