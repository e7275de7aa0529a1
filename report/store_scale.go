package report

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
)

// setSumTriggers switches the triggers that keep the sums off or on.
func setSumTriggers(ctx context.Context, tx pgx.Tx, action string) error {
	for _, t := range []string{"users report_users_ins", "enrollments report_enroll_ins",
		"credit_ledger report_ledger_ins", "quiz_attempts report_quiz_ins"} {
		table, trigger, _ := strings.Cut(t, " ")
		if _, err := tx.Exec(ctx, `ALTER TABLE `+table+` `+action+` TRIGGER `+trigger); err != nil {
			return err
		}
	}
	return nil
}
