import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { getSettings } from "@/lib/config";
import { safeNextPath } from "@/lib/security/access-token";

export const metadata: Metadata = { title: "Log in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  const failed = first(params.error) === "invalid";
  const tokenRequired = getSettings().token !== undefined;

  return (
    <section className="mx-auto mt-12 max-w-sm rounded border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-xl font-semibold">Log in</h1>
      {tokenRequired ? (
        <form method="post" action="/api/auth/login" className="flex flex-col gap-3">
          <input type="hidden" name="next" value={next} />
          <label htmlFor="token" className="text-sm font-medium">
            Access token
          </label>
          <Input
            id="token"
            name="token"
            type="password"
            required
            autoComplete="current-password"
            autoFocus

            aria-describedby={failed ? "login-error" : undefined}
          />
          {failed && (
            <p id="login-error" role="alert" className="text-sm text-red-700">
              That token is not right.
            </p>
          )}
          <Button type="submit" variant="primary">
            Log in
          </Button>
          <p className="text-xs text-slate-500">
            The token is the TRAILSCOPE_TOKEN this server was started with.
          </p>
        </form>
      ) : (
        <p className="text-sm">
          This server has no access token set (it listens on this machine only), so there is nothing to log in
          to.{" "}
          <a href={next} className="underline">
            Continue
          </a>
          .
        </p>
      )}
    </section>
  );
}
