package io.sayline.core.admin;

/** A save based on a version of a service that is no longer the stored one: nothing was saved. */
public final class StaleSaveException extends Exception {
    private static final long serialVersionUID = 1L;

    StaleSaveException(String message) {
        super(message);
    }
}
