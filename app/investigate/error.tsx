"use client";

import { RouteError, type RouteErrorProps } from "@/components/ui/route-error";

export default function ErrorPage(props: RouteErrorProps) {
  return (
    <RouteError
      title="The investigation could not be shown"
      exit={{ href: "/investigate", label: "New investigation" }}
      {...props}
    />
  );
}
