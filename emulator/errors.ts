/** An error the emulator answers in AWS's wire format (JSON `__type` or query-protocol XML `Code`). */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}
