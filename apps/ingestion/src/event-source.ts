/** The CloudEvents `source` of every event ingestion stages. */
export const INGESTION_SOURCE = '/newsroom/ingestion';
