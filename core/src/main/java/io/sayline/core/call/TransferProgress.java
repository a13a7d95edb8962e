package io.sayline.core.call;

import io.sayline.sip.TransferListener;

/**
 * Hands a blind transfer's progress (REFER answered, NOTIFY sipfrag, RFC 3515) to the call's loop: a
 * final 2xx in a NOTIFY means the caller reached the target and we leave the call; any failure goes to
 * the bot as an {@code error} and the call goes on.
 */
final class TransferProgress implements TransferListener {
    private final Call call;

    TransferProgress(Call call) {
        this.call = call;
    }

    @Override
    public void onReferResponse(int status, String reason) {
        if (status >= 300) {
            call.loop().execute(() -> call.transferFailed("REFER refused: " + status + " " + reason));
        }
    }

    @Override
    public void onProgress(int status, String reason, boolean terminated) {
        if (status >= 200 && status < 300) {
            call.loop().execute(call::transferred);
        } else if (status >= 300 || terminated) {
            call.loop().execute(() -> call.transferFailed("transfer target answered " + status + " " + reason));
        }
    }

    @Override
    public void onFailed(String reason) {
        call.loop().execute(() -> call.transferFailed("transfer failed: " + reason));
    }
}
