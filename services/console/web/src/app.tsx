import { useEffect, useState } from 'preact/hooks';
import { ApiError, hasScope, loadSession, onSignedOut, signIn, signOut, type Session } from './api.ts';
import { PipelineView } from './pipeline-view.tsx';
import { StoriesView } from './stories-view.tsx';
import { StoryView } from './story-view.tsx';

type Route = { view: 'stories' } | { view: 'story'; id: string } | { view: 'pipeline' };

function routeOf(hash: string): Route {
  const story = /^#\/story\/(.+)$/.exec(hash);
  if (story) return { view: 'story', id: decodeURIComponent(story[1]!) };
  if (hash === '#/pipeline') return { view: 'pipeline' };
  return { view: 'stories' };
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const update = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

function SignIn({ onSession }: { onSession: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSession(await signIn(key));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'the console could not reach the server');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>Storyline console</h1>
      <p>Sign in with an API key: a consumer key opens the story views, an operator key the pipeline view. The key stays on the server; this browser keeps only a session cookie.</p>
      <form onSubmit={(e) => void submit(e)}>
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" spellcheck={false} value={key} onInput={(e) => setKey(e.currentTarget.value)} required />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const route = useRoute();
  useEffect(() => {
    loadSession().then(setSession, () => setSession(null));
    return onSignedOut(() => setSession(null));
  }, []);
  if (session === undefined) return <main id="main" aria-busy="true" />;
  if (session === null) return <SignIn onSession={setSession} />;
  const reader = hasScope(session, 'stories:read');
  const operator = hasScope(session, 'ops:read');
  const view = route.view === 'pipeline' || !reader ? (operator ? 'pipeline' : 'none') : route.view;
  return (
    <>
      <header class="top">
        <a class="brand" href="#/stories">
          Storyline
        </a>
        <nav aria-label="Views">
          {reader && (
            <a href="#/stories" aria-current={view === 'stories' ? 'page' : undefined}>
              Stories
            </a>
          )}
          {operator && (
            <a href="#/pipeline" aria-current={view === 'pipeline' ? 'page' : undefined}>
              Pipeline
            </a>
          )}
        </nav>
        <span class="who">{session.principal.name}</span>
        <button type="button" class="link" onClick={() => void signOut().finally(() => setSession(null))}>
          Sign out
        </button>
      </header>
      <main id="main">
        {view === 'stories' && <StoriesView />}
        {view === 'story' && route.view === 'story' && <StoryView id={route.id} session={session} />}
        {view === 'pipeline' && <PipelineView />}
        {view === 'none' && <p>This key may neither read stories nor operate the pipeline.</p>}
      </main>
    </>
  );
}
