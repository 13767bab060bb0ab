// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TimeZoneToggle } from "./time-zone-toggle";
import { Timestamp } from "./timestamp";

afterEach(() => {
  cleanup();
  window.localStorage.clear();
  vi.unstubAllEnvs();
});

const ISO = "2026-11-25T12:03:04Z";

describe("Timestamp and the nav's time-zone switch", () => {
  it("shows UTC until the reader picks local time, then every timestamp switches and the choice is kept", () => {
    vi.stubEnv("TZ", "Asia/Kolkata");
    render(
      <>
        <TimeZoneToggle />
        <Timestamp iso={ISO} />
        <Timestamp iso="2026-11-26T00:00:00Z" />
      </>,
    );
    expect(screen.getByText("2026-11-25 12:03:04 UTC")).toHaveProperty("dateTime", ISO);
    expect(screen.getByRole("button", { name: "UTC" }).getAttribute("aria-pressed")).toBe("true");

    act(() => screen.getByRole("button", { name: "Local" }).click());
    expect(screen.getByText("2026-11-25 17:33:04")).toBeTruthy();
    expect(screen.getByText("2026-11-26 05:30:00")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Local" }).getAttribute("aria-pressed")).toBe("true");

    // A page opened later (or another tab) starts in the reader's choice.
    cleanup();
    render(<Timestamp iso={ISO} />);
    expect(screen.getByText("2026-11-25 17:33:04")).toBeTruthy();

    act(() => {
      window.localStorage.removeItem("trailscope.timeZone");
      window.dispatchEvent(new StorageEvent("storage", { key: "trailscope.timeZone" }));
    });
    expect(screen.getByText("2026-11-25 12:03:04 UTC")).toBeTruthy();
  });
});
