import { TEST_ENVIRONMENT } from '../test-environment.ts';

// Records the story workflow's histories for the replay test (test/unit/workflows/story-replay.test.ts),
// on the real servers in the test environment:
//   STORYLINE_TEST_ENV=test-wf STORYLINE_TEST_REDIS_DB=4 npx tsx test/support/workflows/record-story-histories.ts [lifecycle...]
// Existing fixtures are histories of running stories: re-record only to add a lifecycle, never to
// make a failing replay pass (that failure is the point of the test).
Object.assign(process.env, TEST_ENVIRONMENT);
const { recordStoryHistories } = await import('./story-history-recorder.ts');
await recordStoryHistories(process.argv.slice(2));
