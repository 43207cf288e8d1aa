/**
 * Whether an IPC message comes from our own dashboard, decided from the event alone (Fiddle's
 * check, widened to the frame): a renderer that navigated elsewhere, an iframe inside it, or a
 * window that is not ours gets nothing, whatever channel it found.
 *
 *   no sender frame (destroyed, or navigated away while the message was in flight)  → refuse
 *   the frame is not a top-level frame (an iframe)                                   → refuse
 *   the frame's origin is not the app's (app://aimux)                                → refuse
 *   the sending WebContents is not one of our windows                                → refuse
 *   otherwise                                                                        → trust
 */

export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

export interface IpcEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

export interface SenderPolicy {
  /** The app's own origin, e.g. `app://aimux`. */
  origin: string;
  /** True for the WebContents of a window the shell created. */
  isOwnWebContents(id: number): boolean;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    // WHATWG URL gives "null" as the origin of non-special schemes; compare scheme + host instead.
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

export function checkSender(event: IpcEventLike, policy: SenderPolicy): SenderVerdict {
  const frame = event.senderFrame;
  if (frame === null) return { trusted: false, reason: 'the sending frame is gone' };
  if (frame.parent !== null) return { trusted: false, reason: 'sent from a subframe' };
  if (originOf(frame.url) !== policy.origin) return { trusted: false, reason: `sent from a foreign origin (${originOf(frame.url) ?? 'unparsable URL'})` };
  if (!policy.isOwnWebContents(event.sender.id)) return { trusted: false, reason: 'sent from a window aimux did not create' };
  return { trusted: true };
}
