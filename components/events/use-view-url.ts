"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

/**
 * The view's URL as the single source of truth. Changes go through the History API, which Next keeps
 * in sync with `useSearchParams`: the loaded rows stay mounted (no server round trip for a sort or a
 * column change), and back/forward walk through earlier views.
 */
export function useViewUrl() {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const params = useMemo(() => new URLSearchParams(searchParams.toString()), [searchParams]);

  const navigate = useCallback(
    (next: URLSearchParams, options: { replace?: boolean } = {}) => {
      const search = next.toString();
      const url = search ? `${pathname}?${search}` : pathname;
      if (options.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    },
    [pathname],
  );

  return { params, navigate };
}
