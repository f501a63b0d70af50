/* embed.S — files compiled into the binary so that it runs from any folder. */
	.section .rodata
	.global gw_schema_sql
	.global gw_schema_sql_end
gw_schema_sql:
	.incbin "data/schema.sql"
gw_schema_sql_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
