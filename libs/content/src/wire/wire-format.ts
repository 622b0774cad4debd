/** The feed formats a wire source speaks. */
export const WIRE_FORMATS = ['rss', 'atom', 'ninjs'] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];

/** More items than any wire sends in one feed; a feed with more is refused whole. */
export const MAX_FEED_ITEMS = 500;

/** The largest feed polled or pushed, in bytes. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
