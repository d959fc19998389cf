/** What a panel shows for an answer it asked for: still coming, here, or why not. */
export type Loadable<T> = { state: 'loading' } | { state: 'loaded'; value: T } | { state: 'failed'; error: string };
