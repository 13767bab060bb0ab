"use client";

import { RouteError, type RouteErrorProps } from "@/components/ui/route-error";

export default function ErrorPage(props: RouteErrorProps) {
  return (
    <RouteError
      title="Trailscope could not show this page"
      exit={{ href: "/", label: "Default view" }}
      {...props}
    />
  );
}
