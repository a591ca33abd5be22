import type { ArticleRef, RejectionReason } from '../../contracts/types.generated.ts';
import type { StoryCommand } from './story-commands.ts';
import { storyEvent, type NewStoryEvent } from './story-events.ts';

export function rejected(command: StoryCommand, reason: RejectionReason, item: ArticleRef | null): NewStoryEvent {
  return storyEvent('CommandRejected', { signalId: command.signalId, command: command.type, reason, item });
}
