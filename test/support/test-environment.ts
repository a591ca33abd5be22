/**
 * Integration and e2e tests share the local servers with `npm start`, in their own environment:
 * prefixed topics and consumer groups, their own Redis database and their own Temporal namespace.
 * `STORYLINE_TEST_ENV` (a name starting with `test`) and `STORYLINE_TEST_REDIS_DB` let several test
 * runs share one set of servers without seeing each other (the main-job e2e test uses database 2).
 */
const name = process.env.STORYLINE_TEST_ENV ?? 'test';
const redisDb = process.env.STORYLINE_TEST_REDIS_DB ?? '1';

if (!/^test[a-z0-9-]{0,16}$/.test(name)) throw new Error(`STORYLINE_TEST_ENV must start with "test" (a-z, 0-9, -): ${JSON.stringify(name)}`);
if (!/^([1-9]|1[0-5])$/.test(redisDb) || redisDb === '2') throw new Error(`STORYLINE_TEST_REDIS_DB must be 1 or 3-15 (0 is the main job's, 2 the main-job test's): ${JSON.stringify(redisDb)}`);

export const TEST_ENVIRONMENT = { STORYLINE_ENV: name, STORYLINE_REDIS_DB: redisDb, STORYLINE_TEMPORAL_NAMESPACE: `storyline-${name}` } as const;
