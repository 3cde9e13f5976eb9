using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pauta.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddTraining : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RetrainDueDays",
                table: "Organisations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "TrainingGate",
                table: "Organisations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Courses",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionNumber = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AttemptsAllowed = table.Column<int>(type: "integer", nullable: true),
                    WaitMinutes = table.Column<int>(type: "integer", nullable: false),
                    QuestionsPerAttempt = table.Column<int>(type: "integer", nullable: true),
                    ShuffleOptions = table.Column<bool>(type: "boolean", nullable: false),
                    Gate = table.Column<int>(type: "integer", nullable: true),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Courses", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_Courses_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GateOverrides",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgentMemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionNumber = table.Column<int>(type: "integer", nullable: false),
                    GrantedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    GrantedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UsedByContactId = table.Column<Guid>(type: "uuid", nullable: true),
                    UsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GateOverrides", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_GateOverrides_Members_OrganisationId_AgentMemberId",
                        columns: x => new { x.OrganisationId, x.AgentMemberId },
                        principalTable: "Members",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GateOverrides_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LessonProgress",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionNumber = table.Column<int>(type: "integer", nullable: false),
                    LessonKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LessonProgress", x => new { x.OrganisationId, x.MemberId, x.ProtocolId, x.VersionNumber, x.LessonKey });
                    table.ForeignKey(
                        name: "FK_LessonProgress_Members_OrganisationId_MemberId",
                        columns: x => new { x.OrganisationId, x.MemberId },
                        principalTable: "Members",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LessonProgress_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QuizAttempts",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionNumber = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Paper = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Answers = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    ScorePercent = table.Column<int>(type: "integer", nullable: true),
                    Passed = table.Column<bool>(type: "boolean", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuizAttempts", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_QuizAttempts_Members_OrganisationId_MemberId",
                        columns: x => new { x.OrganisationId, x.MemberId },
                        principalTable: "Members",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_QuizAttempts_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RefresherSchedules",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    Stability = table.Column<double>(type: "double precision", nullable: false),
                    Difficulty = table.Column<double>(type: "double precision", nullable: false),
                    Reviews = table.Column<int>(type: "integer", nullable: false),
                    LastReviewAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    BroughtForwardBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefresherSchedules", x => new { x.OrganisationId, x.MemberId, x.ProtocolId });
                    table.ForeignKey(
                        name: "FK_RefresherSchedules_Members_OrganisationId_MemberId",
                        columns: x => new { x.OrganisationId, x.MemberId },
                        principalTable: "Members",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RefresherSchedules_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainingAcknowledgements",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionNumber = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    QuizAttemptId = table.Column<Guid>(type: "uuid", nullable: true),
                    ScorePercent = table.Column<int>(type: "integer", nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingAcknowledgements", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_TrainingAcknowledgements_Members_OrganisationId_MemberId",
                        columns: x => new { x.OrganisationId, x.MemberId },
                        principalTable: "Members",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TrainingAcknowledgements_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainingAssignments",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MemberId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseId = table.Column<Guid>(type: "uuid", nullable: false),
                    RuleId = table.Column<Guid>(type: "uuid", nullable: true),
                    ForVersion = table.Column<int>(type: "integer", nullable: false),
                    PreviousVersion = table.Column<int>(type: "integer", nullable: true),
                    AssignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RemovedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RemindedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingAssignments", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_TrainingAssignments_Members_OrganisationId_MemberId",
                        columns: x => new { x.OrganisationId, x.MemberId },
                        principalTable: "Members",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TrainingAssignments_Protocols_OrganisationId_ProtocolId",
                        columns: x => new { x.OrganisationId, x.ProtocolId },
                        principalTable: "Protocols",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CourseRules",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProtocolId = table.Column<Guid>(type: "uuid", nullable: false),
                    Target = table.Column<int>(type: "integer", nullable: false),
                    TargetKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DueInDays = table.Column<int>(type: "integer", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RemovedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CourseRules", x => new { x.OrganisationId, x.Id });
                    table.ForeignKey(
                        name: "FK_CourseRules_Courses_OrganisationId_CourseId",
                        columns: x => new { x.OrganisationId, x.CourseId },
                        principalTable: "Courses",
                        principalColumns: new[] { "OrganisationId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CourseRules_OrganisationId_CourseId",
                table: "CourseRules",
                columns: new[] { "OrganisationId", "CourseId" });

            migrationBuilder.CreateIndex(
                name: "IX_CourseRules_OrganisationId_ProtocolId",
                table: "CourseRules",
                columns: new[] { "OrganisationId", "ProtocolId" });

            migrationBuilder.CreateIndex(
                name: "IX_CourseRules_OrganisationId_Target_TargetKey",
                table: "CourseRules",
                columns: new[] { "OrganisationId", "Target", "TargetKey" });

            migrationBuilder.CreateIndex(
                name: "IX_Courses_OrganisationId_ProtocolId",
                table: "Courses",
                columns: new[] { "OrganisationId", "ProtocolId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GateOverrides_OrganisationId_AgentMemberId_ProtocolId",
                table: "GateOverrides",
                columns: new[] { "OrganisationId", "AgentMemberId", "ProtocolId" });

            migrationBuilder.CreateIndex(
                name: "IX_GateOverrides_OrganisationId_GrantedAt",
                table: "GateOverrides",
                columns: new[] { "OrganisationId", "GrantedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GateOverrides_OrganisationId_ProtocolId",
                table: "GateOverrides",
                columns: new[] { "OrganisationId", "ProtocolId" });

            migrationBuilder.CreateIndex(
                name: "IX_LessonProgress_OrganisationId_ProtocolId",
                table: "LessonProgress",
                columns: new[] { "OrganisationId", "ProtocolId" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizAttempts_OrganisationId_MemberId_ProtocolId_VersionNumb~",
                table: "QuizAttempts",
                columns: new[] { "OrganisationId", "MemberId", "ProtocolId", "VersionNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_QuizAttempts_OrganisationId_ProtocolId",
                table: "QuizAttempts",
                columns: new[] { "OrganisationId", "ProtocolId" });

            migrationBuilder.CreateIndex(
                name: "IX_RefresherSchedules_OrganisationId_DueAt",
                table: "RefresherSchedules",
                columns: new[] { "OrganisationId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RefresherSchedules_OrganisationId_ProtocolId",
                table: "RefresherSchedules",
                columns: new[] { "OrganisationId", "ProtocolId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAcknowledgements_OrganisationId_MemberId_ProtocolId~",
                table: "TrainingAcknowledgements",
                columns: new[] { "OrganisationId", "MemberId", "ProtocolId", "VersionNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAcknowledgements_OrganisationId_ProtocolId",
                table: "TrainingAcknowledgements",
                columns: new[] { "OrganisationId", "ProtocolId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_OrganisationId_DueAt",
                table: "TrainingAssignments",
                columns: new[] { "OrganisationId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_OrganisationId_MemberId_ProtocolId",
                table: "TrainingAssignments",
                columns: new[] { "OrganisationId", "MemberId", "ProtocolId" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_OrganisationId_ProtocolId_ForVersion",
                table: "TrainingAssignments",
                columns: new[] { "OrganisationId", "ProtocolId", "ForVersion" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CourseRules");

            migrationBuilder.DropTable(
                name: "GateOverrides");

            migrationBuilder.DropTable(
                name: "LessonProgress");

            migrationBuilder.DropTable(
                name: "QuizAttempts");

            migrationBuilder.DropTable(
                name: "RefresherSchedules");

            migrationBuilder.DropTable(
                name: "TrainingAcknowledgements");

            migrationBuilder.DropTable(
                name: "TrainingAssignments");

            migrationBuilder.DropTable(
                name: "Courses");

            migrationBuilder.DropColumn(
                name: "RetrainDueDays",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "TrainingGate",
                table: "Organisations");
        }
    }
}
