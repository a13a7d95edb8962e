package io.sayline.sip;

/** What a UAS must do with one torture message: answer with a status, or drop it without a word. */
sealed interface TortureExpectation {

    /** The final (or only) response carries exactly this status code. */
    record Answered(int status) implements TortureExpectation {
        @Override
        public String toString() {
            return Integer.toString(status);
        }
    }

    /** No response at all: what cannot be answered safely is discarded (and counted by the server). */
    record Dropped() implements TortureExpectation {
        @Override
        public String toString() {
            return "dropped";
        }
    }

    static TortureExpectation answered(int status) {
        return new Answered(status);
    }

    static TortureExpectation dropped() {
        return new Dropped();
    }
}
