import type { Unsubscribe } from '../../../main/common/contract/requests';

/** A minimal typed listener set; one listener throwing must not starve the others. */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        console.error('sockscope: listener failed', error);
      }
    }
  }
}
