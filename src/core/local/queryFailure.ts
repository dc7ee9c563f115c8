// The error a run fails with inside the worker, with the code the host reports (EngineError.code).
export class QueryFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
