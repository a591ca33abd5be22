/**
 * Integration and e2e tests share the local servers with `npm start`, in their own environment:
 * prefixed topics and consumer groups, Redis database 1 and their own Temporal namespace.
 */
export const TEST_ENVIRONMENT = { STORYLINE_ENV: 'test', STORYLINE_REDIS_DB: '1', STORYLINE_TEMPORAL_NAMESPACE: 'storyline-test' } as const;
