/* What the page says when something goes wrong, and the hotline it points to (several modules
 * show these, so they are written once). */

export const HOTLINE = '12345';

export const MSG_NETWORK = '网络异常，请稍后重试';
export const MSG_SERVER = '服务暂时不可用，请稍后重试，或拨打 12345 政务服务便民热线。';
export const MSG_BAD_REPLY = '收到的答复无法显示，请稍后重试，或拨打 12345 政务服务便民热线。';
export const MSG_EMPTY = '没有收到答复，请换个说法再试试，或拨打 12345 政务服务便民热线。';
export const MSG_NOT_ERASED = '旧对话未能从服务器删除，请稍后点「重试」。';
