"use client";

import { RouteError, type RouteErrorProps } from "@/components/ui/route-error";

export default function ErrorPage(props: RouteErrorProps) {
  return (
    <RouteError
      title="The cross-account setup page could not be shown"
      exit={{ href: "/setup/cross-account", label: "Start over" }}
      {...props}
    />
  );
}
