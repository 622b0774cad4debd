import { TopicOwners, Topics } from '@newsroom/contracts';

/** The CloudEvents `source` of every event ingestion stages. */
export const INGESTION_SOURCE = TopicOwners[Topics.drafts];
