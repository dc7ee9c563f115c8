// The host's side of the page's requests: run the handler, and answer with its result (or why it failed) under the
// request's id, typed by RequestResponses so an answer cannot be of another request's type.
import type { HostResponse, RequestResponses, RequestType, WebviewRequest } from '../../shared/messages';

export async function answerRequest<K extends RequestType>(
  request: WebviewRequest<K>,
  handle: () => Promise<RequestResponses[K]>,
  post: (response: HostResponse<K>) => void,
): Promise<void> {
  const head = { type: 'response' as const, requestId: request.requestId ?? 0, request: request.type as K };
  let response: HostResponse<K>;
  try {
    response = { ...head, result: await handle() };
  } catch (e) {
    response = { ...head, error: e instanceof Error ? e.message : String(e) };
  }
  if (request.requestId !== undefined) post(response);
}
