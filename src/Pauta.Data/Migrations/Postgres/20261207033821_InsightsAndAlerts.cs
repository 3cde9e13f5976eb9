using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InsightsAndAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContactFacts",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolVersion = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    AgentUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    IsClosed = table.Column<bool>(type: "boolean", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: true),
                    FirstResponse = table.Column<int>(type: "integer", nullable: false),
                    Resolution = table.Column<int>(type: "integer", nullable: false),
                    Escalated = table.Column<bool>(type: "boolean", nullable: false),
                    Overridden = table.Column<bool>(type: "boolean", nullable: false),
                    ContingencyEntered = table.Column<bool>(type: "boolean", nullable: false),
                    SurveyScore = table.Column<int>(type: "integer", nullable: true),
                    RecoveryDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RecoveryDoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastSequence = table.Column<int>(type: "integer", nullable: false),
                    Counts = table.Column<string>(type: "character varying(1000000)", maxLength: 1000000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactFacts", x => new { x.OrganisationId, x.ContactId });
                    table.ForeignKey(
                        name: "FK_ContactFacts_Contacts_OrganisationId_ContactId",
                        columns: x => new { x.OrganisationId, x.ContactId },
                        principalTable: "Contacts",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ContactFacts_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InsightAlertRule",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Threshold = table.Column<int>(type: "integer", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InsightAlertRule", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_InsightAlertRule_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InsightCounters",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolVersion = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    AgentUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Counts = table.Column<string>(type: "character varying(1000000)", maxLength: 1000000, nullable: false),
                    Contacts = table.Column<long>(type: "bigint", nullable: false),
                    Closed = table.Column<long>(type: "bigint", nullable: false),
                    FirstResponseMet = table.Column<long>(type: "bigint", nullable: false),
                    FirstResponseMissed = table.Column<long>(type: "bigint", nullable: false),
                    FirstResponsePending = table.Column<long>(type: "bigint", nullable: false),
                    ResolutionMet = table.Column<long>(type: "bigint", nullable: false),
                    ResolutionMissed = table.Column<long>(type: "bigint", nullable: false),
                    ResolutionPending = table.Column<long>(type: "bigint", nullable: false),
                    Escalated = table.Column<long>(type: "bigint", nullable: false),
                    Overridden = table.Column<long>(type: "bigint", nullable: false),
                    ContingencyEntered = table.Column<long>(type: "bigint", nullable: false),
                    TakenOver = table.Column<long>(type: "bigint", nullable: false),
                    SurveyAnswers = table.Column<long>(type: "bigint", nullable: false),
                    SurveySum = table.Column<long>(type: "bigint", nullable: false),
                    SurveySumOfSquares = table.Column<long>(type: "bigint", nullable: false),
                    RecoveriesOpened = table.Column<long>(type: "bigint", nullable: false),
                    RecoveriesOnTime = table.Column<long>(type: "bigint", nullable: false),
                    RecoveriesDone = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InsightCounters", x => new { x.OrganisationId, x.Day, x.ProtocolId, x.ProtocolVersion, x.Channel, x.AgentUserId, x.DepartmentId });
                    table.ForeignKey(
                        name: "FK_InsightCounters_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InsightStepCounters",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolVersion = table.Column<int>(type: "integer", nullable: false),
                    Step = table.Column<string>(type: "character varying(201)", maxLength: 201, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    AgentUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    DepartmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Counts = table.Column<string>(type: "character varying(1000000)", maxLength: 1000000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InsightStepCounters", x => new { x.OrganisationId, x.ProtocolId, x.ProtocolVersion, x.Step, x.Day, x.Channel, x.AgentUserId, x.DepartmentId });
                    table.ForeignKey(
                        name: "FK_InsightStepCounters_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContactFactTags",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "character varying(201)", maxLength: 201, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactFactTags", x => new { x.OrganisationId, x.ContactId, x.Kind, x.Key });
                    table.ForeignKey(
                        name: "FK_ContactFactTags_ContactFacts_OrganisationId_ContactId",
                        columns: x => new { x.OrganisationId, x.ContactId },
                        principalTable: "ContactFacts",
                        principalColumns: new[] { "OrganisationId", "ContactId" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ContactFactTags_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContactStepFacts",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContactId = table.Column<Guid>(type: "uuid", nullable: false),
                    Step = table.Column<string>(type: "character varying(201)", maxLength: 201, nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolVersion = table.Column<int>(type: "integer", nullable: false),
                    Reached = table.Column<bool>(type: "boolean", nullable: false),
                    Resolution = table.Column<int>(type: "integer", nullable: true),
                    SkipReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AnswerIndex = table.Column<int>(type: "integer", nullable: true),
                    Overridden = table.Column<bool>(type: "boolean", nullable: false),
                    Counts = table.Column<string>(type: "character varying(1000000)", maxLength: 1000000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactStepFacts", x => new { x.OrganisationId, x.ContactId, x.Step });
                    table.ForeignKey(
                        name: "FK_ContactStepFacts_ContactFacts_OrganisationId_ContactId",
                        columns: x => new { x.OrganisationId, x.ContactId },
                        principalTable: "ContactFacts",
                        principalColumns: new[] { "OrganisationId", "ContactId" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ContactStepFacts_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InsightAlert",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RuleId = table.Column<Guid>(type: "uuid", nullable: false),
                    Subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    SubjectTitle = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProtocolVersion = table.Column<int>(type: "integer", nullable: true),
                    WindowStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WindowEnd = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Met = table.Column<int>(type: "integer", nullable: false),
                    Of = table.Column<int>(type: "integer", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedByUserId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InsightAlert", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_InsightAlert_InsightAlertRule_OrganisationId_RuleId",
                        columns: x => new { x.OrganisationId, x.RuleId },
                        principalTable: "InsightAlertRule",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SurveyInvitations_OrganisationId_AnsweredAt",
                table: "SurveyInvitations",
                columns: new[] { "OrganisationId", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_OrganisationId_DoneAt",
                table: "FollowUps",
                columns: new[] { "OrganisationId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_OrganisationId_UpdatedAt",
                table: "Contacts",
                columns: new[] { "OrganisationId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactFacts_OrganisationId_AgentUserId_Day",
                table: "ContactFacts",
                columns: new[] { "OrganisationId", "AgentUserId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactFacts_OrganisationId_Day_StartedAt",
                table: "ContactFacts",
                columns: new[] { "OrganisationId", "Day", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactFacts_OrganisationId_ProtocolId_ProtocolVersion_Day",
                table: "ContactFacts",
                columns: new[] { "OrganisationId", "ProtocolId", "ProtocolVersion", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactFactTags_OrganisationId_Kind_Key_ContactId",
                table: "ContactFactTags",
                columns: new[] { "OrganisationId", "Kind", "Key", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_ContactStepFacts_OrganisationId_ProtocolId_ProtocolVersion_~",
                table: "ContactStepFacts",
                columns: new[] { "OrganisationId", "ProtocolId", "ProtocolVersion", "Step", "ContactId" });

            migrationBuilder.CreateIndex(
                name: "IX_InsightAlert_OrganisationId_AcknowledgedAt_RaisedAt",
                table: "InsightAlert",
                columns: new[] { "OrganisationId", "AcknowledgedAt", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_InsightAlert_OrganisationId_RuleId_Subject_WindowStart",
                table: "InsightAlert",
                columns: new[] { "OrganisationId", "RuleId", "Subject", "WindowStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InsightCounters_OrganisationId_AgentUserId_Day",
                table: "InsightCounters",
                columns: new[] { "OrganisationId", "AgentUserId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_InsightCounters_OrganisationId_ProtocolId_ProtocolVersion_D~",
                table: "InsightCounters",
                columns: new[] { "OrganisationId", "ProtocolId", "ProtocolVersion", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_InsightStepCounters_OrganisationId_ProtocolId_ProtocolVersi~",
                table: "InsightStepCounters",
                columns: new[] { "OrganisationId", "ProtocolId", "ProtocolVersion", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContactFactTags");

            migrationBuilder.DropTable(
                name: "ContactStepFacts");

            migrationBuilder.DropTable(
                name: "InsightAlert");

            migrationBuilder.DropTable(
                name: "InsightCounters");

            migrationBuilder.DropTable(
                name: "InsightStepCounters");

            migrationBuilder.DropTable(
                name: "ContactFacts");

            migrationBuilder.DropTable(
                name: "InsightAlertRule");

            migrationBuilder.DropIndex(
                name: "IX_SurveyInvitations_OrganisationId_AnsweredAt",
                table: "SurveyInvitations");

            migrationBuilder.DropIndex(
                name: "IX_FollowUps_OrganisationId_DoneAt",
                table: "FollowUps");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_OrganisationId_UpdatedAt",
                table: "Contacts");
        }
    }
}
