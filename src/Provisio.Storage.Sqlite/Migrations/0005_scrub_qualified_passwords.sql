-- Before issue #10 a password sent under its URN-qualified name (…:core:2.0:User:password), or inside an object keyed
-- by the core URN, was kept in clear as an attribute no schema declares. Remove both as IdPs spell them; any other
-- qualified key is never shown and goes with the resource's next write.
UPDATE resources
   SET document = json_remove(document,
         '$."urn:ietf:params:scim:schemas:core:2.0:User:password"',
         '$."urn:ietf:params:scim:schemas:core:2.0:User".password')
 WHERE resource_type = 'User' AND instr(document, 'urn:ietf:params:scim:schemas:core:2.0:User') > 0;
