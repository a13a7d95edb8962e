package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The vendor's error bodies (docs/elevenlabs.md, "HTTP errors"): {@code {"detail":{"status":CODE,"message":TEXT}}} and,
 * for 422, FastAPI's {@code {"detail":[{"loc":[...],"msg":...,"type":...}]}}.
 */
final class ErrorBodies {
    /** One 422 entry: where (e.g. ["body","text"]), what, and the pydantic error type. */
    record Violation(List<Object> loc, String msg, String type) {
    }

    private ErrorBodies() {
    }

    static ObjectNode detail(ObjectMapper m, String status, String message) {
        ObjectNode root = m.createObjectNode();
        root.putObject("detail").put("status", status).put("message", message);
        return root;
    }

    static ObjectNode validation(ObjectMapper m, List<Violation> violations) {
        ObjectNode root = m.createObjectNode();
        ArrayNode list = root.putArray("detail");
        for (Violation v : violations) {
            ObjectNode e = list.addObject();
            ArrayNode loc = e.putArray("loc");
            v.loc().forEach(part -> {
                if (part instanceof Integer i) {
                    loc.add(i);
                } else {
                    loc.add(String.valueOf(part));
                }
            });
            e.put("msg", v.msg()).put("type", v.type());
        }
        return root;
    }

    /** Body for the error-status knob: the documented code for the status unless one is given. */
    static ObjectNode forStatus(ObjectMapper m, int status, String code, String message) {
        if (status == 422 && code == null) {
            return validation(m, List.of(new Violation(List.of("body"),
                    message == null ? "simulated validation error" : message, "value_error")));
        }
        String c = code != null ? code : switch (status) {
            case 400 -> "quota_exceeded";
            case 401 -> "invalid_api_key";
            case 403 -> "only_for_creator+";
            case 404 -> "voice_not_found";
            case 429 -> "system_busy";
            default -> status >= 500 ? "internal_server_error" : "bad_request";
        };
        String msg = message != null ? message : switch (c) {
            case "invalid_api_key" -> "Invalid API key";
            case "system_busy" -> "We are currently experiencing heavy traffic, please try again shortly.";
            case "too_many_concurrent_requests" -> "Too many concurrent requests for your subscription.";
            case "quota_exceeded" -> "This request exceeds your quota.";
            default -> "Simulated error " + status;
        };
        return detail(m, c, msg);
    }
}
