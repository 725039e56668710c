package dev.r2orm.clause;

/**
 * A field value that writes itself as SQL (GORM's {@code GormValuer}): on {@code create}, {@code createAll},
 * {@code save} and every {@code update}/{@code updates}, a mapped field whose value is a {@code SqlValuer} is written
 * as the {@link Expr} returned by {@link #toExpr()} in place of a bind marker. The expression's SQL text is the
 * author's; its arguments are bound, never concatenated.
 *
 * <pre>{@code
 * public record Point(double x, double y) implements SqlValuer {
 *     public Expr toExpr() {
 *         return Expr.of("ST_PointFromText(?)", "POINT(" + x + " " + y + ")");
 *     }
 * }
 *
 * public final class PointConverter implements Converter<Point, String> {   // for reading, see below
 *     public Class<String> storedType() { return String.class; }
 *     public String toDatabase(Point p) { return "POINT(" + p.x() + " " + p.y() + ")"; }
 *     public Point fromDatabase(String wkt, Type type) { ... parse the WKT ... }
 * }
 *
 * class Place {
 *     Long id;
 *     @Serializer(PointConverter.class) @Column(type = "geometry") Point location;
 * }
 *
 * db.create(place);   // INSERT INTO "places" ("location") VALUES (ST_PointFromText($1))   binds ["POINT(1.0 2.0)"]
 * db.model(Place.class).where("id = ?", 1).update("location", new Point(3, 4));
 *                     // UPDATE "places" SET "location"=ST_PointFromText($1) WHERE id = $2
 * }</pre>
 *
 * <p><b>Declaring the field.</b> Schema parsing accepts a field of a type r2orm does not store itself only with a
 * {@link dev.r2orm.annotation.Serializer @Serializer} converter whose stored type it does store; the converter's stored
 * type also decides the column's DDL type (unless {@code @Column(type)} names one). So a valuer type that is not itself
 * a supported type needs a converter, as {@code Point} above. Writes of a valuer go through {@link #toExpr()} only:
 * the converter's {@code toDatabase} is applied to values that are not valuers (a field declared as a supertype may
 * hold either), and to the values of conditions and of {@code copyIn}, which bind rather than render.
 *
 * <p><b>Reading is unchanged.</b> A column is read as the field's stored type and passed through the field's converter,
 * if any: {@link #toExpr()} plays no part. A valuer type is read back only through a {@code @Serializer} converter (or
 * when it is itself a type r2orm reads); with PostGIS, for instance, select {@code ST_AsText(location) AS location} so
 * that the converter receives WKT.
 *
 * <p><b>Where it applies.</b> Single-row and multi-row {@code INSERT}s (a chunk that holds a valuer is sent as
 * {@code VALUES} rows, never as PostgreSQL's bound column arrays, since an expression cannot go into an array);
 * upserts written as {@code INSERT ... ON CONFLICT} or {@code ON DUPLICATE KEY UPDATE} (not H2's {@code MERGE}, which
 * binds every value); and the {@code SET} list of updates, whether the value comes from an entity ({@code save},
 * {@code updates(entity)}) or is passed explicitly ({@code update(column, value)}, {@code updates(map)},
 * {@code create(map)}). Conditions ({@code where(entity)}, {@code where(map)}) and {@code copyIn} bind the converted
 * value instead, as for any other field. A null field is written as NULL without calling {@link #toExpr()}; the
 * method is called once for each value an {@code INSERT} or {@code SET} list writes (and again when an update hook
 * asks its {@code HookContext} for the changes), so it should be cheap and free of side effects.
 */
public interface SqlValuer {

    /**
     * The SQL that writes this value, with its arguments bound.
     *
     * @return the expression, for example {@code Expr.of("ST_PointFromText(?)", wkt)}
     */
    Expr toExpr();
}
