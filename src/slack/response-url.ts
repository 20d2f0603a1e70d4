import type { Message } from './blocks/kit.js';

/**
 * Sends a message to a response_url (valid for 30 minutes, 5 uses). Returns false instead of
 * throwing when Slack refuses it, so callers can fall back to another way of reaching the user.
 */
export async function sendToResponseUrl(
  url: string,
  message: Message & { replace_original?: boolean; response_type?: 'ephemeral' | 'in_channel' },
): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(5000),
    });
    return response.ok;
  } catch {
    return false;
  }
}
