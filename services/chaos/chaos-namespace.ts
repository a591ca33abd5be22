import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';

/**
 * A Temporal namespace of the run's own: story workflow ids are `story/<storyId>` and story ids derive
 * from the copy, so a namespace shared with an earlier run would hand this run's items to that run's
 * workflows (they would be suppressed as duplicates).
 */
export async function registerNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 5_000 });
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') }).catch((error: unknown) => {
      if (!/already exists/i.test(String(error))) throw error;
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await connection.workflowService.describeNamespace({ namespace }).then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`namespace ${namespace} was registered but is not visible`);
  } finally {
    await connection.close();
  }
}
