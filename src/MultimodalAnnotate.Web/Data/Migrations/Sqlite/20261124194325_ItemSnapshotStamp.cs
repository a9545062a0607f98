using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MultimodalAnnotate.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ItemSnapshotStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SnapshotStamp",
                table: "Items",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SnapshotStamp",
                table: "Items");
        }
    }
}
