import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoryUpdate } from './api.ts';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

const REASONS = ['new', 'update', 'correction', 'embargo_released', 'kill', 'enriched', 'related'] as const;

/**
 * The public SSE stream, authenticated by the session cookie (EventSource cannot send a header).
 * The browser reconnects by itself with Last-Event-ID, so nothing is missed across a drop.
 */
export function useLiveUpdates(query: string, onUpdate: (update: StoryUpdate) => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handler = useRef(onUpdate);
  handler.current = onUpdate;
  useEffect(() => {
    const source = new EventSource(`/v1/stream${query ? `?${query}` : ''}`);
    const handle = (event: MessageEvent<string>) => handler.current(JSON.parse(event.data) as StoryUpdate);
    for (const reason of REASONS) source.addEventListener(reason, handle);
    source.onopen = () => setState('live');
    source.onerror = () => setState('reconnecting');
    return () => source.close();
  }, [query]);
  return state;
}
