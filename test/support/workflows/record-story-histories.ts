import { TEST_ENVIRONMENT } from '../test-environment.ts';

// Records the story workflow's histories for the replay test (test/unit/workflows/story-replay.test.ts),
// on the real servers in the test environment:
//   STORYLINE_TEST_ENV=test-wf STORYLINE_TEST_REDIS_DB=4 npx tsx test/support/workflows/record-story-histories.ts <release> [lifecycle...]
// into test/fixtures/workflow-histories/<release>/. Record a new release's directory when a change to
// the workflow ships; never re-record an old one to make a failing replay pass (that failure is the
// point of the test: running stories have those histories).
Object.assign(process.env, TEST_ENVIRONMENT);
const { recordStoryHistories } = await import('./story-history-recorder.ts');
const [release, ...lifecycles] = process.argv.slice(2);
if (!release || !/^release-\d+$/.test(release)) throw new Error('usage: record-story-histories.ts release-<n> [lifecycle...]');
await recordStoryHistories(release, lifecycles);
