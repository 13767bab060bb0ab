import type { ParamIssue } from "../shared/params";
import type { SourceError } from "./api-contract";

/** Input the caller can fix (a bad parameter, an unknown account or region, a stale cursor): HTTP 400. */
export class InputError extends Error {
  override readonly name = "InputError";
  readonly issues: ParamIssue[];

  constructor(issues: ParamIssue[]) {
    super(issues.map((i) => `${i.param}: ${i.message}`).join("; "));
    this.issues = issues;
  }
}

/** A failure of AWS (or the demo endpoint) already translated into what the user can do about it: HTTP 502. */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  readonly sourceError: SourceError;

  constructor(sourceError: SourceError) {
    super(sourceError.message);
    this.sourceError = sourceError;
  }
}

/** Trailscope's own settings are wrong (accounts file, environment): the operator must fix them. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
