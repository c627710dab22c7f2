import { Injectable } from '@nestjs/common';

/** What identifies one state of a notice: any change to its row raises its version and its update time. */
export interface NoticeState {
  id: string;
  version: number;
  updatedAt: string;
}

/** Entries kept per process (a notice's JSON is about 1.5 kB). */
const MAX_ENTRIES = 5_000;

/**
 * The JSON text of notice views, by notice state. A view is a function of the notice's row alone (the same for
 * every viewer) and every change to the row gives it a new state, so an entry is never stale, only unused.
 * Who may see a notice is never decided here: lists ask the database which notices the caller may see, in
 * which states, and take only their text from here. The oldest entries go first.
 */
@Injectable()
export class NoticeJsonCache {
  private readonly entries = new Map<string, string>();

  get(state: NoticeState): string | undefined {
    return this.entries.get(keyOf(state));
  }

  set(state: NoticeState, json: string): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(keyOf(state), json);
  }
}

const keyOf = (state: NoticeState) => `${state.id}/${state.version}/${state.updatedAt}`;
