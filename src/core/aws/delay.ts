// A wait that ends early, with a Cancelled EngineError, when the run is cancelled.
import { EngineError } from '../engine/types';
import { AWS_ERROR } from './errors';

export function cancelledError(): EngineError {
  return new EngineError('The run was cancelled.', AWS_ERROR.cancelled);
}

export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
