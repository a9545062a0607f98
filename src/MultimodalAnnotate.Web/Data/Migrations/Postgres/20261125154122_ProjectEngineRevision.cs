using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MultimodalAnnotate.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProjectEngineRevision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "EngineRevision",
                table: "Projects",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EngineRevision",
                table: "Projects");
        }
    }
}
