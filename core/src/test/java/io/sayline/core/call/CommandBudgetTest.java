package io.sayline.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommandBudgetTest {

    @Test
    void commandsPastTheBudgetAreRefusedTheBotToldOnceASecondAndAllCounted() {
        CommandBudget budget = new CommandBudget();
        long start = TimeUnit.SECONDS.toNanos(3);
        for (int i = 0; i < CommandBudget.PER_SECOND; i++) {
            assertEquals(CommandBudget.Verdict.TAKE, budget.take(start + i));
        }
        assertEquals(CommandBudget.Verdict.REFUSE_AND_TELL, budget.take(start + 500_000_000L));
        assertEquals(CommandBudget.Verdict.REFUSE, budget.take(start + 600_000_000L));
        assertEquals(CommandBudget.Verdict.TAKE, budget.take(start + TimeUnit.SECONDS.toNanos(1)), "a new second");
        assertEquals(2, budget.refused());
    }
}
