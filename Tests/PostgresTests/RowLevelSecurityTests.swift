import Foundation
import Postgres
import Testing
import TestSupport

/// A table shaped and protected like the platform's `enhancement_feedback` (PRODUCT.md section 2.2),
/// owned by the superuser and read by the application role, which has no BYPASSRLS.
@Suite("Row-level security under tenant context")
struct RowLevelSecurityTests {
    static let tenantA = "aaaaaaaa-0000-4000-8000-000000000001"
    static let tenantB = "bbbbbbbb-0000-4000-8000-000000000002"
    let app: PostgresConnection

    init() throws {
        let url = try TestServices.scratchDatabase("rls")
        let admin = try PostgresConnection(TestServices.adminURL(forScratch: url))
        try admin.executeScript("""
            CREATE TABLE enhancement_feedback (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                tenant_id uuid NOT NULL,
                ticket_id varchar(255) NOT NULL,
                enhancement_id uuid,
                technician_email varchar(255),
                feedback_type varchar(50) NOT NULL,
                rating_value integer CHECK (rating_value BETWEEN 1 AND 5),
                feedback_comment text,
                created_at timestamp DEFAULT now()
            );
            ALTER TABLE enhancement_feedback ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON enhancement_feedback
                USING (tenant_id::text = current_setting('app.current_tenant_id', true));
            GRANT SELECT ON enhancement_feedback TO baseline_app;
            """, name: "platform schema")
        for (tenant, tickets) in [(Self.tenantA, 3), (Self.tenantB, 5)] {
            for ticket in 0..<tickets {
                try admin.query("""
                    INSERT INTO enhancement_feedback (tenant_id, ticket_id, feedback_type, rating_value,
                                                      feedback_comment)
                    VALUES ($1, $2, 'rating', 4, $3)
                    """, [tenant, "T-\(ticket)", "comment from \(tenant)"])
            }
        }
        app = try PostgresConnection(url)
    }

    @Test func tenantContextSeesOnlyItsOwnRowsEvenWithoutWhereClause() throws {
        let tenants = try app.withTenant(Self.tenantA) { tx in
            try tx.query("SELECT tenant_id FROM enhancement_feedback").rows.map { try $0.decode("tenant_id",
                    as: String.self) }
        }
        #expect(tenants.count == 3)
        #expect(tenants.allSatisfy { $0 == Self.tenantA })
    }

    @Test func otherTenantsRowsAreInvisibleEvenWhenAskedForByID() throws {
        let count = try app.withTenant(Self.tenantA) { tx in
            try tx.query("SELECT count(*) AS n FROM enhancement_feedback WHERE tenant_id = $1", [Self.tenantB])
                .first!.decode("n", as: Int.self)
        }
        #expect(count == 0)
    }

    @Test func noTenantContextSeesNothing() throws {
        let count = try app.query("SELECT count(*) AS n FROM enhancement_feedback").first!.decode("n", as: Int.self)
        #expect(count == 0)
    }

    @Test func injectionAttemptInTenantIDSeesNothing() throws {
        let count = try app.withTenant("' OR '1'='1") { tx in
            try tx.query("SELECT count(*) AS n FROM enhancement_feedback").first!.decode("n", as: Int.self)
        }
        #expect(count == 0)
    }

    @Test func applicationRoleCannotWriteTheTable() throws {
        let error = #expect(throws: PostgresError.self) {
            try app.withTenant(Self.tenantA) { tx in
                try tx.query("DELETE FROM enhancement_feedback")
            }
        }
        #expect(error?.sqlState == .insufficientPrivilege)
    }

    @Test func applicationRoleHasNoBypass() throws {
        let row = try #require(try app.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = "
            + "current_user").first)
        #expect(try row.decode("rolsuper", as: Bool.self) == false)
        #expect(try row.decode("rolbypassrls", as: Bool.self) == false)
    }
}
