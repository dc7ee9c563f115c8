import type { EngineId } from '../playbook/model';
import type { QueryEngine } from './types';

/** Engines register here; callers look them up by the engine name a query block declares. */
export class EngineRegistry {
  private readonly engines = new Map<EngineId, QueryEngine>();

  register(engine: QueryEngine): void {
    this.engines.set(engine.id, engine);
  }

  get(id: EngineId): QueryEngine | undefined {
    return this.engines.get(id);
  }

  list(): QueryEngine[] {
    return [...this.engines.values()];
  }
}
